variable "mode" {
  default = "Sometimes"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "acme-trail-logs"

  event_selector {
    read_write_type           = var.mode
    include_management_events = true
  }
}
