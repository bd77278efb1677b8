"""Standards output: DICOM SR / KOS / GSPS, reports, and patient media (IHE PDI)."""
