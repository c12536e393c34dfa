// Search-as-you-type; the plain form works without it.
