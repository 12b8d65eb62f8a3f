// Command tiles-reader is an independent C2SP tlog-tiles client for the tests: it reads a log's checkpoint, checks
// its signature (an ECDSA P-256 note key: hint = the first 4 bytes of SHA-256 of the key's DER SubjectPublicKeyInfo,
// signature = ASN.1 DER ECDSA over SHA-256 of the note text), then proves every entry's inclusion and, given an older
// checkpoint, the consistency of the two trees, with golang.org/x/mod/sumdb/tlog reading the tiles over HTTP.
//
//	tiles-reader -url http://localhost:3000 -origin localhost -key key.pem [-old-size N -old-root base64]
//
// It prints one JSON object and exits 0 when every check passed, 1 otherwise.
package main

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type ecdsaVerifier struct {
	name string
	hash uint32
	key  *ecdsa.PublicKey
}

func (v ecdsaVerifier) Name() string    { return v.name }
func (v ecdsaVerifier) KeyHash() uint32 { return v.hash }
func (v ecdsaVerifier) Verify(msg, sig []byte) bool {
	digest := sha256.Sum256(msg)
	return ecdsa.VerifyASN1(v.key, digest[:], sig)
}

// tiles fetches C2SP tlog-tiles: tile/<L>/<N>[.p/<W>], with no height in the path (it is always 8).
type tiles struct{ base string }

func (t tiles) Height() int { return 8 }

func (t tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(list))
	for i, tile := range list {
		path := fmt.Sprintf("tile/%d/%s", tile.L, index(tile.N))
		if tile.W < 1<<tile.H {
			path += fmt.Sprintf(".p/%d", tile.W)
		}
		b, err := get(t.base + "/" + path)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// index writes N in groups of three digits, each but the last prefixed x.
func index(n int64) string {
	s := strconv.FormatInt(n, 10)
	for len(s)%3 != 0 {
		s = "0" + s
	}
	var parts []string
	for i := 0; i < len(s); i += 3 {
		p := s[i : i+3]
		if i+3 < len(s) {
			p = "x" + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "/")
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<24))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	return b, nil
}

type result struct {
	Origin         string `json:"origin"`
	Size           int64  `json:"size"`
	Root           string `json:"root"`
	EntriesProven  int64  `json:"entriesProven"`
	ConsistentWith int64  `json:"consistentWith,omitempty"`
	Error          string `json:"error,omitempty"`
}

func main() {
	url := flag.String("url", "", "the log's base URL")
	origin := flag.String("origin", "", "the checkpoint origin and key name")
	keyFile := flag.String("key", "", "PEM public key of the log")
	oldSize := flag.Int64("old-size", 0, "size of an older checkpoint to prove consistency with")
	oldRoot := flag.String("old-root", "", "base64 root hash of that checkpoint")
	flag.Parse()
	r, err := run(*url, *origin, *keyFile, *oldSize, *oldRoot)
	if err != nil {
		r.Error = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(r)
	if err != nil {
		os.Exit(1)
	}
}

func run(url, origin, keyFile string, oldSize int64, oldRoot string) (result, error) {
	var r result
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return r, err
	}
	block, _ := pem.Decode(keyPEM)
	if block == nil {
		return r, fmt.Errorf("no PEM key in %s", keyFile)
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return r, err
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return r, fmt.Errorf("the log key is not ECDSA")
	}
	spkiHash := sha256.Sum256(block.Bytes)
	verifier := ecdsaVerifier{name: origin, hash: binary.BigEndian.Uint32(spkiHash[:4]), key: ec}

	raw, err := get(url + "/checkpoint")
	if err != nil {
		return r, err
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return r, fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] != origin {
		return r, fmt.Errorf("checkpoint origin is %q, want %q", lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return r, fmt.Errorf("checkpoint size: %w", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		return r, fmt.Errorf("checkpoint root is not a base64 SHA-256 hash")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	r.Origin, r.Size, r.Root = origin, size, lines[2]

	tree := tlog.Tree{N: size, Hash: root}
	hashes := tlog.TileHashReader(tree, tiles{base: url})
	for bundle := int64(0); bundle*256 < size; bundle++ {
		width := size - bundle*256
		path := "tile/entries/" + index(bundle)
		if width < 256 {
			path += fmt.Sprintf(".p/%d", width)
		} else {
			width = 256
		}
		data, err := get(url + "/" + path)
		if err != nil {
			return r, err
		}
		for i := int64(0); i < width; i++ {
			if len(data) < 2 {
				return r, fmt.Errorf("entry bundle %d ends early", bundle)
			}
			l := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+l {
				return r, fmt.Errorf("entry bundle %d ends early", bundle)
			}
			leaf := tlog.RecordHash(data[2 : 2+l])
			data = data[2+l:]
			index := bundle*256 + i
			proof, err := tlog.ProveRecord(size, index, hashes)
			if err != nil {
				return r, fmt.Errorf("proving entry %d: %w", index, err)
			}
			if err := tlog.CheckRecord(proof, size, root, index, leaf); err != nil {
				return r, fmt.Errorf("entry %d: %w", index, err)
			}
			r.EntriesProven++
		}
		if len(data) != 0 {
			return r, fmt.Errorf("entry bundle %d has bytes after its entries", bundle)
		}
	}
	if oldSize > 0 {
		old, err := base64.StdEncoding.DecodeString(oldRoot)
		if err != nil || len(old) != tlog.HashSize {
			return r, fmt.Errorf("-old-root is not a base64 SHA-256 hash")
		}
		var oldHash tlog.Hash
		copy(oldHash[:], old)
		proof, err := tlog.ProveTree(size, oldSize, hashes)
		if err != nil {
			return r, fmt.Errorf("proving consistency with size %d: %w", oldSize, err)
		}
		if err := tlog.CheckTree(proof, size, root, oldSize, oldHash); err != nil {
			return r, fmt.Errorf("not consistent with size %d: %w", oldSize, err)
		}
		r.ConsistentWith = oldSize
	}
	return r, nil
}
