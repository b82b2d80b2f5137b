#include "analysis/diagnoses/diagnoses.h"

namespace gopit {

const std::vector<const DumpDiagnosis*>& AllDiagnoses() {
  static const std::vector<const DumpDiagnosis*> all = {
      &Dump000Diagnosis(), &Dump001Diagnosis(), &Dump002Diagnosis(), &Dump003Diagnosis(),
      &Dump004Diagnosis(), &Dump005Diagnosis(), &Dump006Diagnosis(), &Dump007Diagnosis(),
      &Dump008Diagnosis(), &Dump009Diagnosis(), &Dump010Diagnosis(), &Dump011Diagnosis(),
      &Dump013Diagnosis(),
  };
  return all;
}

}  // namespace gopit
