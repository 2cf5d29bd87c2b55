"""The app's pages (UI only): each file is one page of st.navigation; common.py is what they share."""
