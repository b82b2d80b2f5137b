// Package builderror does not compile: a return value of the wrong type.
package builderror

func count() int {
	return "three"
}
