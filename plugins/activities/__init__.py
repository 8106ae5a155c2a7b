"""The activities plugin's repository folder: a package only so that its tests are the package
``activities.tests`` and never clash with the site's ``tests`` or another plugin's (same module names)."""
