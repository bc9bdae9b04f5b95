"""Collected static files: hashed names and gzip/Brotli copies (WhiteNoise), source-map comments left alone.

The vendored libraries (danvan/static/vendor/) end with `//# sourceMappingURL=…` comments naming .map files
that are not vendored (nobody debugs the minified libraries on a province's server). Django's manifest
storage would rewrite those comments to hashed names and fail on the missing files; this storage skips them
(the browser asks for the map only when its developer tools are open, and gets a 404).
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern):
        return "sourceMappingURL" not in (pattern[0] if isinstance(pattern, tuple) else pattern)

    return tuple((extension, tuple(p for p in rules if keep(p))) for extension, rules in patterns)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
