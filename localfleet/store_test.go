package localfleet

import (
	"testing"

	"google.golang.org/grpc/codes"
)

// TestInsertUnderMissingParent covers what a concurrent delete leaves
// behind: the parent checked a moment ago is gone when the row is written.
func TestInsertUnderMissingParent(t *testing.T) {
	f := demoFleet(t)
	s := f.srv.svc
	tests := map[string]func(tx *txn) error{
		"part of a deleted machine": func(tx *txn) error { _, err := s.insertPart(ctx, tx, unknownUUID, "p", false); return err },
		"machine in a deleted location": func(tx *txn) error {
			_, _, err := s.insertRobot(ctx, tx, unknownLocation, "m")
			return err
		},
		"location under a deleted parent": func(tx *txn) error {
			_, err := s.insertLocation(ctx, tx, f.orgID, "l", unknownLocation)
			return err
		},
		"secret of a deleted part": func(tx *txn) error { return s.addSecret(ctx, tx, "part_secrets", "part_id", "part", unknownUUID) },
	}
	for name, insert := range tests {
		t.Run(name, func(t *testing.T) {
			wantCode(t, inTx(ctx, s.db, insert), codes.NotFound, "not found")
		})
	}
}
