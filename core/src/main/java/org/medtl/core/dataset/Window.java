package org.medtl.core.dataset;

/**
 * A DICOM VOI window (PS3.3 C.11.2.1.2, linear function) mapping modality values to the display scale 0-255.
 *
 * @param center window centre (0028,1050)
 * @param width  window width (0028,1051), at least 1
 */
public record Window(double center, double width) {
    public Window {
        if (!(width >= 1) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("A VOI window needs a finite centre and a width of at least 1, got centre " + center + ", width " + width);
        }
    }

    /** The standard's linear VOI function with output range [0, 255]. */
    float apply(double x) {
        double lower = center - 0.5 - (width - 1) / 2;
        double upper = center - 0.5 + (width - 1) / 2;
        if (x <= lower) {
            return 0f;
        }
        if (x > upper) {
            return 255f;
        }
        return (float) (((x - (center - 0.5)) / (width - 1) + 0.5) * 255.0);
    }
}
