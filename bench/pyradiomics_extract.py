"""Whole-process PyRadiomics extraction for the benchmark: python pyradiomics_extract.py image mask params.yaml.
Prints the number of features computed (diagnostics excluded)."""
import sys
import logging
import radiomics
from radiomics import featureextractor

radiomics.logger.setLevel(logging.ERROR)
extractor = featureextractor.RadiomicsFeatureExtractor(sys.argv[3])
result = extractor.execute(sys.argv[1], sys.argv[2])
print(sum(1 for k in result if not k.startswith("diagnostics_")))
