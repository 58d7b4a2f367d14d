"""The exchange plugin's part of the interface: screens, dialogs and what they read.

Only the interface imports this package (the plugin declares its screens by
``"module:Class"`` targets), so loading the plugin never imports Textual. Modules named
``*_data`` hold no Textual code and are tested on their own.
"""
