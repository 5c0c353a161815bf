# tgradar: `tgradar run` by default; state (database, Telethon session) lives in the /data volume.
# No secret or session is baked in: pass them at run time (env, *_FILE secrets, /data).
#
# Dependencies come from requirements.lock (exact versions, SHA-256 hashes; pip checks them),
# so two builds install the same thing (tgradar itself is then built from /src with --no-deps).
# Regenerate it after changing the dependencies in pyproject.toml:
#   uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
#       -o requirements.lock
# Detection's derived tables (lemmatised lexicons, gazetteer indices; bot/detect/cache.py) are
# written at build time into /opt/tgradar/cache, read-only at run time: even the first start
# reads them, and a read-only root file system costs nothing.
# Offline builds: put wheels of tgradar and of every locked dependency in ./wheels/
#   pip wheel --require-hashes -r requirements.lock -w wheels && pip wheel --no-deps -w wheels .
# (pip checks the hashes there, when it downloads) and exactly those wheels are installed.
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS build
LABEL tgradar.stage=build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY . /src
RUN set -e; \
    python3 -m venv /opt/tgradar; \
    if [ -d /src/wheels ]; then \
        /opt/tgradar/bin/pip install --no-index --no-deps /src/wheels/*.whl; \
    else \
        /opt/tgradar/bin/pip install --require-hashes -r /src/requirements.lock; \
        /opt/tgradar/bin/pip install --no-deps /src; \
    fi; \
    /opt/tgradar/bin/pip check; \
    TGRADAR_CACHE_DIR=/opt/tgradar/cache /opt/tgradar/bin/python -m bot.detect.warm; \
    chmod -R a+rX,go-w /opt/tgradar/cache; \
    /opt/tgradar/bin/pip uninstall -y -q pip setuptools wheel; \
    install -m 0755 /src/deploy/entrypoint.sh /opt/tgradar/bin/tgradar-entrypoint

FROM ${PYTHON_IMAGE}
ARG UID=10001
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="tgradar" \
      org.opencontainers.image.description="Watches public Telegram channels for regional incident reports and keeps one live card per incident in a review chat" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.documentation="deploy/README.md"
ENV PATH=/opt/tgradar/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TGRADAR_DATA=/data \
    TGRADAR_CACHE_DIR=/opt/tgradar/cache \
    TGRADAR_HEALTH_PORT=9464 \
    TGRADAR_HEALTH_HOST=0.0.0.0 \
    HOME=/data
RUN groupadd --gid ${UID} tgradar \
 && useradd --uid ${UID} --gid ${UID} --home-dir /data --no-create-home --no-log-init \
        --shell /usr/sbin/nologin tgradar \
 && mkdir -p /data && chown ${UID}:${UID} /data && chmod 0700 /data
COPY --from=build /opt/tgradar /opt/tgradar
USER tgradar
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.health"]
ENTRYPOINT ["tgradar-entrypoint"]
CMD ["run"]
