# allymap web app. Built by docker-compose.yml, which also runs Neo4j:
#   docker compose up --build
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . /app
RUN pip install . \
    && useradd --create-home --uid 10001 allymap

# Streamlit reads these; the app listens on all interfaces inside the container.
ENV STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    NEO4J_URI=bolt://neo4j:7687 \
    NEO4J_USER=neo4j

USER allymap
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)" || exit 1

# Without sign-in configured this refuses to serve on 0.0.0.0 (exit 2): docker-compose.yml
# passes --no-auth for its 127.0.0.1-only mapping; a team mounts secrets and a roles file
# (docs/deployment.md).
CMD ["allymap", "serve", "--neo4j", "bolt://neo4j:7687", "--address", "0.0.0.0"]
