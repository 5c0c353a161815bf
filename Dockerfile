# tgradar: `tgradar run` by default; state (database, Telethon session) lives in the /data volume.
# No secret or session is baked in: pass them at run time (env, *_FILE secrets, /data).
#
# Offline builds: put wheels of tgradar and every dependency in ./wheels/ (pip wheel -w wheels .)
# and they are installed with --no-index; without that folder pip uses the package index.
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS build
LABEL tgradar.stage=build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY . /src
RUN set -e; \
    python3 -m venv /opt/tgradar; \
    if [ -d /src/wheels ]; then \
        /opt/tgradar/bin/pip install --no-index --find-links /src/wheels tgradar; \
    else \
        /opt/tgradar/bin/pip install /src; \
    fi; \
    /opt/tgradar/bin/pip uninstall -y -q pip setuptools wheel; \
    install -m 0755 /src/deploy/entrypoint.sh /opt/tgradar/bin/tgradar-entrypoint

FROM ${PYTHON_IMAGE}
ARG UID=10001
ENV PATH=/opt/tgradar/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TGRADAR_DATA=/data \
    TGRADAR_HEALTH_PORT=9464 \
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
