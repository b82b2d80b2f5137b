module gopit.test/gotest/leakmain

go 1.22

require gopit.dev/gopittest v0.0.0

replace gopit.dev/gopittest => ../../../../gopittest
