// Shape of hyperledger-labs/minbft#114: the enclave wrapper converted the
// enclave file name with C.CString and did not free it after use.
package main

/*
#include <stdlib.h>
static int init_enclave(const char *file, int *id) { (void)file; *id = 1; return 0; }
*/
import "C"

import "fmt"

func initEnclave(file string) (int, error) {
	var id C.int
	cFile := C.CString(file) // want CGO001
	if ret := C.init_enclave(cFile, &id); ret != 0 {
		return 0, fmt.Errorf("init enclave: %d", int(ret))
	}
	return int(id), nil
}

func main() {
	fmt.Println(initEnclave("enclave.signed.so"))
}
