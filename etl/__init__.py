"""Everything that understands annual reports: bytes in, canonical records out, rows loaded."""

# Bumped whenever the parser's output can change, so `nianbao etl --stale` re-parses older results.
PARSER_VERSION = "3"
