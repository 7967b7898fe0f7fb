enum FourierTransformsPlaceholder {}
