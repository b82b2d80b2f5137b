// The dump diagnoses, one file each in this directory; registry.cc lists
// them. See analysis/diagnosis.h for the framework.
#pragma once

#include "analysis/diagnosis.h"

namespace gopit {

const DumpDiagnosis& Dump000Diagnosis();  // proven-leak
const DumpDiagnosis& Dump001Diagnosis();  // blocked-forever
const DumpDiagnosis& Dump002Diagnosis();  // leak-suspect
const DumpDiagnosis& Dump003Diagnosis();  // http-conn-leak
const DumpDiagnosis& Dump004Diagnosis();  // server-conn-pileup
const DumpDiagnosis& Dump005Diagnosis();  // finalizer-blocked
const DumpDiagnosis& Dump006Diagnosis();  // lock-pileup
const DumpDiagnosis& Dump007Diagnosis();  // global-deadlock
const DumpDiagnosis& Dump008Diagnosis();  // locked-threads
const DumpDiagnosis& Dump009Diagnosis();  // long-syscall
const DumpDiagnosis& Dump010Diagnosis();  // growth
const DumpDiagnosis& Dump011Diagnosis();  // hung-test
// DUMP012 (test-leak) belongs to gopit test: gotest/leak_diagnosis.h.
const DumpDiagnosis& Dump013Diagnosis();  // concurrent-map-crash

}  // namespace gopit
