"""The app's pages (Streamlit scripts run by ``app.py``) and what they share (``common``)."""
