# Occupation Profiles in a container: Debian 12 (Python 3.11), Chromium and poppler from Debian's packages,
# the Python environment from requirements.lock (exact versions, hashes checked).
#   docker build -t occupation-profiles .
#   docker run --rm -v "$PWD/_build:/book/_build" occupation-profiles            # sample book, HTML + PDFs
#   docker run --rm -v /path/to/mirror:/mirror -e OCCPROFILES_MIRROR=/mirror occupation-profiles make book-all
# Without a mirror, `make data` downloads the registered files from their official URLs (sha256-verified).
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Debian's packages move within a release (security updates): the release is pinned, not each version.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates git make python3 python3-venv chromium poppler-utils fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /book
COPY . .
# The manifest names the commit: the checkout is copied with its .git (see .dockerignore), owned by root.
RUN git config --global --add safe.directory /book && make setup

CMD ["make", "pdf"]
