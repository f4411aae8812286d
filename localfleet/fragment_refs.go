package localfleet

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/structpb"
)

// fragmentRef is one entry of a config's "fragments" list. Two forms exist
// in the wild (API.md §8.1): a plain fragment id string, and an object
// {"id": ..., "version": ...}. Both are read; an entry of neither form
// keeps an empty id, which resolution reports as an invalid child.
type fragmentRef struct {
	id      string
	version string // revision or tag; "" = the latest
}

// fragmentRefs reads the "fragments" entries of a part or fragment config.
func fragmentRefs(cfg *structpb.Struct) []fragmentRef {
	list := cfg.GetFields()["fragments"].GetListValue()
	refs := make([]fragmentRef, 0, len(list.GetValues()))
	for _, v := range list.GetValues() {
		switch k := v.GetKind().(type) {
		case *structpb.Value_StringValue:
			refs = append(refs, fragmentRef{id: k.StringValue})
		case *structpb.Value_StructValue:
			f := k.StructValue.GetFields()
			refs = append(refs, fragmentRef{id: f["id"].GetStringValue(), version: f["version"].GetStringValue()})
		default:
			refs = append(refs, fragmentRef{})
		}
	}
	return refs
}

// partUse is one part whose stored config references a fragment.
type partUse struct {
	partID, robotID, orgID string
	refs                   []fragmentRef
}

// partsUsing returns every part, in any organization, whose config
// references the fragment. The text search narrows the scan; the refs are
// then read properly, so a config merely mentioning the id elsewhere does
// not count.
func (s *service) partsUsing(ctx context.Context, fragmentID string) ([]partUse, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.robot_id, l.org_id, p.config
FROM parts p JOIN robots r ON r.id = p.robot_id JOIN locations l ON l.id = r.location_id
WHERE instr(p.config, CAST(? AS BLOB)) > 0 ORDER BY p.rowid`, fragmentID)
	if err != nil {
		return nil, fmt.Errorf("find parts using fragment: %w", err)
	}
	defer rows.Close()
	var out []partUse
	for rows.Next() {
		var (
			u      partUse
			config []byte
		)
		if err := rows.Scan(&u.partID, &u.robotID, &u.orgID, &config); err != nil {
			return nil, fmt.Errorf("find parts using fragment: %w", err)
		}
		cfg, err := decodeStruct(config)
		if err != nil {
			return nil, fmt.Errorf("part %q config: %w", u.partID, err)
		}
		for _, r := range fragmentRefs(cfg) {
			if r.id == fragmentID {
				u.refs = append(u.refs, r)
			}
		}
		if len(u.refs) > 0 {
			out = append(out, u)
		}
	}
	return out, rows.Err()
}
