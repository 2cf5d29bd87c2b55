"""Services the app's pages are built on (no Streamlit here)."""
