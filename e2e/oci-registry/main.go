// Command oci-registry serves go-containerregistry's in-memory registry with the OCI 1.1 referrers API on, on a
// loopback address, for the cosign end-to-end tests (CosignBlobAndImageIT): cosign then stores signatures and attestations as
// referrers of the image instead of under fallback tags. For tests only: nothing is kept after it exits.
//
//	oci-registry -addr 127.0.0.1:5000
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("-addr %q: want a loopback address", *addr)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("serving on %s", l.Addr())
	s := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: registry.New(registry.WithReferrersSupport(true))}
	log.Fatal(s.Serve(l))
}
