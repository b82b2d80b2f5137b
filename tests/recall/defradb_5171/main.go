// Shape of sourcenetwork/defradb#5171: the C binding CreateTransaction
// resolved its cgo handle with a bare type assertion on h.Value(), unlike
// its siblings that recovered; a stale or wrong handle panicked inside a
// function called from C and took the whole process down.
package main

/*
#include <stdint.h>
typedef struct { int status; uintptr_t txn; } txn_result;
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
)

type node struct{ name string }

type txn struct {
	n        *node
	readOnly bool
}

func (n *node) newTxn(readOnly bool) *txn { return &txn{n: n, readOnly: readOnly} }

//export CreateTransaction
func CreateTransaction(nodePtr C.uintptr_t, readOnly C.int) C.txn_result {
	h := cgo.Handle(nodePtr)
	n := h.Value().(*node) // want CGO002
	t := n.newTxn(readOnly != 0)
	return C.txn_result{status: 0, txn: C.uintptr_t(cgo.NewHandle(t))}
}

func main() {
	h := cgo.NewHandle(&node{name: "db"})
	defer h.Delete()
	r := CreateTransaction(C.uintptr_t(h), 0)
	fmt.Println(r.status)
}
