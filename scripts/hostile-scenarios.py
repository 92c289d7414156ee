#!/usr/bin/env python3
"""Writes adversarial scenarios of about 1.5 MB into a folder, one per way a file can ask for work:
many trails x many advanced selector values x many volumes; many findings x many waivers; many
accounts x regions x trails; many API clients. Run each under `/usr/bin/time -v` with the release
build (see README, "Reliability: limits and budgets")."""
import os
import sys

LIMIT = 1_500_000
REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
           "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1",
           "ap-southeast-2", "ap-south-1", "ca-central-1", "sa-east-1"]


def header(name, regions):
    quoted = ", ".join(f'"{r}"' for r in regions)
    return f'format = 1\nname = "{name}"\nregions = [{quoted}]\n\n'


def fill(parts, make, limit):
    """Appends make(i) until the text would pass limit."""
    size = sum(len(p) for p in parts)
    i = 0
    while True:
        piece = make(i)
        if size + len(piece) > limit:
            return i
        parts.append(piece)
        size += len(piece)
        i += 1


def selectors(out):
    """Trails with 500 advanced selector values each (prefixes of S3 ARNs) and thousands of data
    volumes whose ARNs the selectors must be matched against."""
    parts = [header("selectors x volumes", REGIONS[:5])]
    fill(parts, lambda i: f'[[volume]]\ncategory = "data"\nresource_type = "AWS::S3::Object"\n'
         f'resource_arn = "arn:aws:s3:::bucket-{i}/"\nread = {i + 1}\nwrite = {i + 2}\n\n', 500_000)

    def trail(t):
        values = ", ".join(f'"arn:aws:s3:::bucket-{t}{v}"' for v in range(500))
        return (f'[[trail]]\nname = "trail-{t:05}"\nhome_region = "us-east-1"\nmulti_region = true\n'
                f'[[trail.advanced_event_selector]]\nfield_selectors = [\n'
                f'  {{ field = "eventCategory", equals = ["Data"] }},\n'
                f'  {{ field = "resources.type", equals = ["AWS::S3::Object"] }},\n'
                f'  {{ field = "resources.ARN", starts_with = [{values}] }},\n]\n\n')
    fill(parts, trail, LIMIT)
    return parts


def waivers(out, account_bytes=300_000):
    """Accounts x regions that each raise findings, and thousands of waivers to match them."""
    parts = [header("findings x waivers", REGIONS)]
    parts.append('[[account]]\nname = "m"\nmanagement = true\n\n')
    accounts = fill(parts, lambda i: f'[[account]]\nname = "a{i}"\n', account_bytes)
    parts.append('[[volume]]\ncategory = "data"\nresource_type = "AWS::S3::Object"\nread = 1\nwrite = 1\n\n')
    parts.append('[[volume]]\ncategory = "management"\nread = 1\nwrite = 1\n\n')
    # Six trails in every region of every account: CT001 and CT101 everywhere.
    for t in range(6):
        parts.append(f'[[trail]]\nname = "org-{t}"\naccount = "m"\nhome_region = "us-east-1"\n'
                     f'multi_region = true\norganization = true\n\n')
    parts.append('[policy]\n')
    fill(parts, lambda i: f'[[policy.waiver]]\nrule = "CT10{1 + i % 5}"\naccount = "a{i % accounts}"\n'
         f'region = "{REGIONS[i % len(REGIONS)]}"\nreason = "r"\nexpires = 2030-01-01\n', LIMIT)
    return parts


def waivers_under_budget(out):
    """As `waivers`, with fewer accounts: the most findings below the findings budget."""
    return waivers(out, 135_000)


def cells(out):
    """The most accounts x regions with organization trails and volumes over all of them."""
    parts = [header("accounts x regions x trails", REGIONS)]
    parts.append('[[account]]\nname = "m"\nmanagement = true\n\n')
    fill(parts, lambda i: f'[[account]]\nname = "a{i}"\n', 1_200_000)
    for c in ["management", "data"]:
        extra = 'resource_type = "AWS::S3::Object"\n' if c == "data" else ""
        parts.append(f'[[volume]]\ncategory = "{c}"\n{extra}read = 1000\nwrite = 1000\n\n')
    for t in range(4):
        parts.append(f'[[trail]]\nname = "org-{t}"\naccount = "m"\nhome_region = "us-east-1"\n'
                     f'multi_region = true\norganization = true\n'
                     f'insights = ["ApiCallRateInsight", "ApiErrorRateInsight"]\n'
                     f'[[trail.event_selector]]\nread_write_type = "All"\n'
                     f'data_resources = [{{ type = "AWS::S3::Object", values = ["arn:aws:s3"] }}]\n\n')
    return parts


def clients(out):
    """Thousands of API clients over every account and region."""
    parts = [header("api clients", REGIONS)]
    parts.append('[[account]]\nname = "m"\nmanagement = true\n\n')
    fill(parts, lambda i: f'[[account]]\nname = "a{i}"\n', 200_000)
    parts.append('[[trail]]\nname = "org"\naccount = "m"\nhome_region = "us-east-1"\n'
                 'multi_region = true\norganization = true\n\n')
    fill(parts, lambda i: f'[[api_client]]\nname = "c{i}"\napi = "LookupEvents"\n'
         f'calls_per_second = "0.5"\n\n', LIMIT)
    return parts


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "hostile-scenarios"
    os.makedirs(out, exist_ok=True)
    for make in [selectors, waivers, waivers_under_budget, cells, clients]:
        text = "".join(make(out))
        path = os.path.join(out, f"{make.__name__}.toml")
        with open(path, "w") as f:
            f.write(text)
        print(f"{path}: {len(text)} bytes")


if __name__ == "__main__":
    main()
