"""The main window's parts: its actions, menus, panels, and one controller per concern.

ui/main_window.py composes them; each controller holds a reference to the window and reaches
the document, the canvas and the panels through it.
"""
