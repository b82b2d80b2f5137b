module gopit.dev/gopittest

go 1.21
