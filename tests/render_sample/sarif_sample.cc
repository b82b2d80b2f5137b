// gopit_sarif_sample OUT.sarif: writes the sample scan report
// (sample_report.h) as SARIF, for tests/sarif_validate.sh to check against the
// SARIF schema and GitHub's ingestion rules with the SARIF Multitool.
#include <fstream>
#include <iostream>

#include "render/scan_sarif.h"
#include "render_sample/sample_report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gopit_sarif_sample OUT.sarif\n";
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary);
  gopit::WriteScanSarif(gopit::render_sample::SampleReport(), out);
  out.close();
  if (!out) {
    std::cerr << "gopit_sarif_sample: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
