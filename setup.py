"""What pyproject.toml cannot say: the top-level resources/ folder (sample maps, fonts, icons,
notices) ships inside the package as `vsm_desktop/_resources`, so an installed wheel finds them
with importlib.resources. Everything else about the project is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["vsm_desktop", "vsm_desktop.*"]), "vsm_desktop._resources"],
    package_dir={"vsm_desktop._resources": "resources"},
    package_data={"vsm_desktop._resources": ["**/*"], "vsm_desktop": ["py.typed"]},
    exclude_package_data={"vsm_desktop._resources": ["**/__pycache__/*", "**/*.pyc"]},
)
