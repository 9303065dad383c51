"""The window's look: a calm, high-contrast style sheet in theme.py colours.

Native widgets stay native; the style sheet only sets the panel headings, the big figures of the
metrics panel, inline field errors and the presentation strip, so it reads on a projector.
"""

from __future__ import annotations

from .. import theme

ACCENT = "#1F3A5F"  # the app icon's navy: headings and the presentation strip
ERROR = theme.CRITICAL_PATH

STYLE_SHEET = f"""
QMainWindow::separator {{ background: {theme.LANE_BORDER}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: bold; color: {theme.INK}; }}
QMainWindow > QTabBar {{ qproperty-elideMode: ElideNone; }}
QMainWindow > QTabBar::tab {{ padding: 5px 8px; min-width: 0; }}
QDockWidget::title {{
    background: {theme.LANE_HEADER_FILL}; padding: 5px 8px; text-align: left;
    border-bottom: 1px solid {theme.LANE_BORDER};
}}
QToolBar {{ spacing: 2px; padding: 2px 6px; border-bottom: 1px solid {theme.LANE_BORDER}; }}
QToolBar QToolButton {{ padding: 3px 5px; }}

QListWidget#palette {{ border: none; background: #FFFFFF; font-size: 10.5pt; }}
QListWidget#palette::item {{ padding: 2px 6px; border-radius: 4px; color: {theme.INK}; }}
QListWidget#palette::item:hover {{ background: {theme.LANE_HEADER_FILL}; }}
QListWidget#palette::item:selected {{ background: #D6E4F7; color: {theme.INK}; }}

QLabel#paletteHint {{
    background: #FFFFFF; color: {theme.INK_MUTED}; font-size: 8.5pt; padding: 8px 10px;
    border-top: 1px solid {theme.GRID};
}}
QWidget#inspector, QWidget#inspector QStackedWidget {{ background: #FFFFFF; }}
QLabel#inspectorTitle {{ font-size: 12.5pt; font-weight: bold; color: {theme.INK}; }}
QLabel#inspectorSubtitle {{ color: {theme.INK_MUTED}; }}
QFrame#inspectorRule {{ color: {theme.LANE_BORDER}; }}
QLabel#fieldLabel {{ color: {theme.INK_MUTED}; padding-top: 4px; }}
QLabel#fieldError {{ color: {ERROR}; font-size: 8.5pt; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 2px solid {ERROR}; border-radius: 3px; background: #FFF5F5;
}}

QWidget#metricsPanel {{ background: {theme.CANVAS_BACKGROUND}; }}
QFrame#figureCard {{
    background: #FFFFFF; border: 1px solid {theme.LANE_BORDER}; border-radius: 6px;
}}
QFrame#figureCard[big="true"] {{ border-left: 5px solid {theme.CRITICAL_PATH}; }}
QLabel#figureCaption {{ color: {theme.INK_MUTED}; font-size: 7.5pt; font-weight: bold; }}
QLabel#figureValue {{ color: {theme.INK}; font-size: 15pt; font-weight: bold; }}
QLabel#figureValueBig {{ color: {theme.INK}; font-size: 24pt; font-weight: bold; }}
QLabel#figureDetail {{ color: {theme.INK_MUTED}; font-size: 8pt; }}
QLabel#figureValue:disabled, QLabel#figureValueBig:disabled {{ color: {theme.INK_MUTED}; }}
QLabel#sectionTitle {{ color: {theme.INK}; font-weight: bold; padding-top: 4px; }}
QListWidget#warningsList {{
    background: #FFFFFF; border: 1px solid {theme.LANE_BORDER}; border-radius: 6px;
}}
QListWidget#warningsList::item {{ padding: 4px; border-bottom: 1px solid {theme.GRID}; }}

QFrame#metricsStrip {{ background: {ACCENT}; }}
QLabel#stripCaption {{ color: #B8C7DB; font-size: 10pt; font-weight: bold; }}
QLabel#stripValue {{ color: #FFFFFF; font-size: 26pt; font-weight: bold; }}
QLabel#stripName {{ color: #FFD27A; font-size: 17pt; font-weight: bold; padding-top: 6px; }}
QLabel#stripValue:disabled, QLabel#stripName:disabled {{ color: #B8C7DB; }}
QFrame#metricsStrip[compact="true"] QLabel#stripCaption {{ font-size: 8pt; }}
QFrame#metricsStrip[compact="true"] QLabel#stripValue {{ font-size: 15pt; }}
QFrame#metricsStrip[compact="true"] QLabel#stripName {{ font-size: 12pt; padding-top: 3px; }}
QLabel#presentationStop {{
    background: {ACCENT}; color: #FFFFFF; font-size: 17pt; font-weight: bold;
    padding: 0 24px 10px 24px;
}}
QPushButton#stripExit {{
    color: #FFFFFF; background: transparent; border: 1px solid #B8C7DB; border-radius: 4px;
    padding: 6px 12px; font-size: 10pt;
}}
QStatusBar QLabel {{ color: {theme.INK_MUTED}; padding: 0 6px; }}
"""
