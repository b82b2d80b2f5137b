// Shape of status-im/status-go#1116: signals were sent to the UI with
// send(C.CString(json)), allocating a C string nobody freed.
package main

/*
#include <stdlib.h>
static void send_signal(const char *json) { (void)json; }
*/
import "C"

import "fmt"

func sendSignal(json string) {
	C.send_signal(C.CString(json)) // want CGO001
}

func main() {
	sendSignal(`{"type":"node.ready"}`)
	fmt.Println("sent")
}
