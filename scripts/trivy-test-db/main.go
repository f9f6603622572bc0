// Command trivy-test-db writes a small, real Trivy vulnerability database (schema v2) from a JSON list of
// advisories, for tests that need Trivy to find planted vulnerabilities without the public database.
//
//	trivy-test-db -o DIR [advisories.json]    (reads standard input when no file is given)
//
// Input: [{"id":"CVE-2099-0001","pkg":"musl","fixedVersion":"1.2.4-r3","severity":"CRITICAL",
// "platform":"alpine 3.19","title":"..."}]. Output: DIR/db/trivy.db and DIR/db/metadata.json, so that
// `trivy image --cache-dir DIR --skip-db-update` uses it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
)

type advisory struct {
	ID           string `json:"id"`
	Pkg          string `json:"pkg"`
	FixedVersion string `json:"fixedVersion"`
	Severity     string `json:"severity"`
	Platform     string `json:"platform"`
	Title        string `json:"title"`
	Description  string `json:"description"`
}

func main() {
	out := flag.String("o", "", "output directory (a Trivy cache dir: DIR/db/trivy.db and DIR/db/metadata.json are written)")
	flag.Parse()
	if *out == "" || flag.NArg() > 1 {
		fmt.Fprintln(os.Stderr, "usage: trivy-test-db -o DIR [advisories.json]")
		os.Exit(2)
	}
	var in io.Reader = os.Stdin
	if flag.NArg() == 1 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fail(err)
		}
		defer f.Close()
		in = f
	}
	var advisories []advisory
	if err := json.NewDecoder(in).Decode(&advisories); err != nil {
		fail(fmt.Errorf("reading advisories: %w", err))
	}
	if err := validate(advisories); err != nil {
		fail(err)
	}
	if err := write(*out, advisories); err != nil {
		fail(err)
	}
	fmt.Printf("wrote %d advisories to %s\n", len(advisories), filepath.Join(*out, "db"))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "trivy-test-db: %v\n", err)
	os.Exit(1)
}

func validate(advisories []advisory) error {
	for i, a := range advisories {
		if a.ID == "" || a.Pkg == "" || a.Platform == "" {
			return fmt.Errorf("advisory %d: id, pkg and platform are required (got %+v)", i, a)
		}
		if _, err := types.NewSeverity(strings.ToUpper(a.Severity)); err != nil {
			return fmt.Errorf("advisory %d (%s): severity %q is not one of %v", i, a.ID, a.Severity, types.SeverityNames)
		}
	}
	return nil
}

// sourceID names the data source after the platform's ecosystem ("alpine 3.19" -> "alpine"), which is the
// key Trivy reads the vendor severity from.
func sourceID(platform string) types.SourceID {
	return types.SourceID(strings.ToLower(strings.Fields(platform)[0]))
}

func write(dir string, advisories []advisory) error {
	dbDir := filepath.Join(dir, "db")
	if err := os.MkdirAll(dbDir, 0o755); err != nil {
		return err
	}
	_ = os.Remove(db.Path(dbDir))
	if err := db.Init(dbDir); err != nil {
		return fmt.Errorf("opening %s: %w", db.Path(dbDir), err)
	}
	defer db.Close()
	dbc := db.Config{}
	err := dbc.BatchUpdate(func(tx *bolt.Tx) error {
		for _, a := range advisories {
			severity := strings.ToUpper(a.Severity)
			sev, _ := types.NewSeverity(severity)
			src := sourceID(a.Platform)
			if err := dbc.PutDataSource(tx, a.Platform, types.DataSource{ID: src, Name: "imagefactory test advisories", URL: "https://example.invalid/test-advisories"}); err != nil {
				return err
			}
			if err := dbc.PutAdvisoryDetail(tx, a.ID, a.Pkg, []string{a.Platform}, types.Advisory{FixedVersion: a.FixedVersion}); err != nil {
				return err
			}
			vuln := types.Vulnerability{
				Title:          a.Title,
				Description:    a.Description,
				Severity:       severity,
				VendorSeverity: types.VendorSeverity{src: sev},
			}
			if err := dbc.PutVulnerability(tx, a.ID, vuln); err != nil {
				return err
			}
			if err := dbc.PutVulnerabilityID(tx, a.ID); err != nil {
				return err
			}
		}
		// Advisory details are staged per vulnerability; saving moves them into the buckets Trivy reads.
		for _, a := range advisories {
			if err := dbc.SaveAdvisoryDetails(tx, a.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing advisories: %w", err)
	}
	now := time.Now().UTC()
	return metadata.NewClient(dbDir).Update(metadata.Metadata{
		Version:      db.SchemaVersion,
		NextUpdate:   now.Add(100 * 365 * 24 * time.Hour),
		UpdatedAt:    now,
		DownloadedAt: now,
	})
}
