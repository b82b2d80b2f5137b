// Shape of libgit2/git2go#214: branch lookups converted the Go name with
// C.CString and never freed it, leaking C memory on every call.
package main

/*
#include <stdlib.h>
#include <string.h>
static int lookup_branch(const char *name) { return (int)strlen(name); }
*/
import "C"

import "fmt"

func lookupBranch(name string) int {
	cname := C.CString(name) // want CGO001
	return int(C.lookup_branch(cname))
}

func main() {
	fmt.Println(lookupBranch("main"))
}
