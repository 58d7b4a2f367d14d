"""The file transport: packages travel as files through folders (shared folder, USB stick, e-mail).

Every office has an inbox folder; sending to an office writes the package into the folder
configured for it (usually that office's inbox on a shared drive, or a folder copied onto
a USB stick). Files are written under a temporary name and renamed once complete, so a
reader never sees half a package; the receiving office imports every complete file, moves
it to ``done/`` or ``quarantine/`` only after its import committed, and sends a receipt
back the same way.
"""
