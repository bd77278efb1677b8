"""DICOM SR and KOS: key images, TID 1500 measurement reports, diagnostic text reports
(with PDF), and a reader that renders any SR/KOS as a tree."""
