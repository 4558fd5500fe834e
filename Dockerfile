# 警户通 — one image for `jinghutong api` (default) and `jinghutong worker`.
# Build: docker build -t jinghutong .
# Run:   docker run -e JHT_ENV=production -e JHT_DATABASE_URL=… -e JHT_SECRET_KEY=… \
#          -e JHT_WECHAT__APP_ID=… -e JHT_WECHAT__APP_SECRET=… -p 8000:8000 jinghutong
# Migrate once per release: docker run … jinghutong jinghutong migrate

FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir --upgrade pip wheel
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
# A CJK font so printed door plates and sign boards embed real Chinese glyphs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin jht
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
# Alembic reads these from the working directory (core/migrate.py: project_root()).
COPY alembic.ini ./
COPY migrations ./migrations
RUN mkdir -p /app/var && chown -R jht:jht /app
USER jht
ENV JHT_DATA_DIR=/app/var \
    JHT_LOG_JSON=true \
    PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["jinghutong", "api", "--host", "0.0.0.0", "--port", "8000"]
