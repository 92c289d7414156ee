resource "aws_cloudtrail" "t" {
  name  = "t"
  count = -1
}
