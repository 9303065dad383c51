"""The map canvas: the scene that draws the map in VSM notation and the view that edits it."""
