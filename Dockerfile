# The product's image: the app, the API and the CLI from one installed package. Non-root, offline at run
# time (the ONNX export of the embedding model is made here, at build time), with a health check.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    RAG_DOCUMENTS_DIR=/srv/documents RAG_INDEX_DIR=/srv/index RAG_DATA_DIR=/srv/data RAG_MODEL_CACHE=/opt/rag/model-cache

RUN useradd --create-home --uid 10001 rag && mkdir -p /srv/documents /srv/index /srv/data /opt/rag && chown -R rag /srv /opt/rag
WORKDIR /opt/rag

# Dependencies first (a layer that changes only with the lock), then the package.
COPY requirements.txt constraints.txt ./
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt
COPY pyproject.toml README.md app.py ./
COPY app_pages ./app_pages
COPY prompts ./prompts
COPY rag ./rag
COPY .streamlit/config.toml ./.streamlit/config.toml
RUN pip install --no-deps . && rm -rf build

USER rag
# The model's ONNX export, once, into the image: no container exports it on its first request.
RUN rag warm-model

EXPOSE 8501 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(os.environ.get('RAG_HEALTH_URL', 'http://127.0.0.1:8501/_stcore/health'), timeout=4)"
CMD ["rag", "app", "--host", "0.0.0.0", "--port", "8501"]
