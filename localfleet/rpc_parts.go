package localfleet

import (
	"context"
	"encoding/json"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// GetRobotParts lists a machine's parts, main part first. Callers who may
// not read configs or secrets (operators) get the parts without them.
func (s *service) GetRobotParts(ctx context.Context, req *apppb.GetRobotPartsRequest) (*apppb.GetRobotPartsResponse, error) {
	_, sc, err := s.requireRobot(ctx, "robot_id", req.GetRobotId(), permReadRobot)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, partSelect+` WHERE p.robot_id = ? ORDER BY p.main DESC, p.rowid`, sc.id)
	if err != nil {
		return nil, storageError("list parts", err)
	}
	now := s.clock.Now()
	var parts []*apppb.RobotPart
	for rows.Next() {
		row, err := scanPart(rows, now)
		if err != nil {
			rows.Close()
			return nil, storageError("list parts", err)
		}
		parts = append(parts, row.part)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("list parts", err)
	}
	for _, p := range parts {
		if err := s.redactPart(ctx, s.db, p, sc); err != nil {
			return nil, err
		}
	}
	return &apppb.GetRobotPartsResponse{Parts: parts}, nil
}

// GetRobotPart returns a part with its config; reading it needs
// read_robot_config, which operators lack.
func (s *service) GetRobotPart(ctx context.Context, req *apppb.GetRobotPartRequest) (*apppb.GetRobotPartResponse, error) {
	row, sc, err := s.requirePart(ctx, "id", req.GetId(), permReadRobotConfig)
	if err != nil {
		return nil, err
	}
	if err := s.redactPart(ctx, s.db, row.part, sc); err != nil {
		return nil, err
	}
	text, err := configJSON(row.part)
	if err != nil {
		return nil, storageError("get part", err)
	}
	return &apppb.GetRobotPartResponse{Part: row.part, ConfigJson: text}, nil
}

// UpdateRobotPart renames a part and/or replaces its config, recording the
// part as it was in the part's history. robot_config_json, when set, wins
// over robot_config and is kept as written; an unset config is left alone.
// A last_known_update older than the part's last change is refused.
func (s *service) UpdateRobotPart(ctx context.Context, req *apppb.UpdateRobotPartRequest) (*apppb.UpdateRobotPartResponse, error) {
	current, sc, err := s.requirePart(ctx, "id", req.GetId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	newConfig, newJSON, err := requestedConfig(req)
	if err != nil {
		return nil, err
	}
	caller := callerOf(ctx)
	err = inTx(ctx, s.db, func(tx *txn) error {
		old, _, err := s.loadPart(ctx, tx, current.part.Id)
		if err != nil {
			return err
		}
		if lk := req.GetLastKnownUpdate(); lk != nil && old.part.LastUpdated.AsTime().After(lk.AsTime()) {
			return preconditionf("last_known_update: part %q was changed at %s, after %s; read it again and reapply your change",
				old.part.Id, old.part.LastUpdated.AsTime().Format(timeLayout), lk.AsTime().Format(timeLayout))
		}
		snapshot, err := proto.Marshal(old.part)
		if err != nil {
			return err
		}
		now := s.clock.Now().UnixNano()
		if _, err := tx.ExecContext(ctx, `INSERT INTO part_history (part_id, robot_id, edited_on, old, editor_type, editor) VALUES (?, ?, ?, ?, ?, ?)`,
			old.part.Id, old.part.Robot, now, snapshot, int32(apppb.AuthenticationType_AUTHENTICATION_TYPE_API_KEY), caller.keyID); err != nil {
			return err
		}
		query, args := `UPDATE parts SET name = ?, last_updated = ?`, []any{req.GetName(), now}
		if newConfig != nil {
			blob, err := encodeStruct(newConfig)
			if err != nil {
				return err
			}
			query += `, config = ?, config_json = ?`
			args = append(args, blob, newJSON)
		}
		_, err = tx.ExecContext(ctx, query+` WHERE id = ?`, append(args, old.part.Id)...)
		if isUniqueViolation(err) {
			return alreadyExistsf("name: machine %q already has a part named %q", old.part.Robot, req.GetName())
		}
		return err
	})
	if err != nil {
		return nil, storageError("update part", err)
	}
	row, _, err := s.loadPart(ctx, s.db, current.part.Id)
	if err != nil {
		return nil, err
	}
	if err := s.redactPart(ctx, s.db, row.part, sc); err != nil {
		return nil, err
	}
	return &apppb.UpdateRobotPartResponse{Part: row.part}, nil
}

const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// requestedConfig returns the config an update asks for (nil = unchanged)
// and the JSON text to keep with it (nil unless robot_config_json was sent).
func requestedConfig(req *apppb.UpdateRobotPartRequest) (*structpb.Struct, *string, error) {
	if req.RobotConfigJson != nil {
		var m map[string]any
		if err := json.Unmarshal([]byte(req.GetRobotConfigJson()), &m); err != nil || m == nil {
			return nil, nil, invalidArgf("robot_config_json: not a JSON object: %v", err)
		}
		st, err := structFromMap(m)
		if err != nil {
			return nil, nil, invalidArgf("robot_config_json: %v", err)
		}
		text := req.GetRobotConfigJson()
		return st, &text, nil
	}
	return req.GetRobotConfig(), nil, nil
}

// NewRobotPart adds a (non-main) part to a machine.
func (s *service) NewRobotPart(ctx context.Context, req *apppb.NewRobotPartRequest) (*apppb.NewRobotPartResponse, error) {
	_, sc, err := s.requireRobot(ctx, "robot_id", req.GetRobotId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := checkName("part_name", req.GetPartName()); err != nil {
		return nil, err
	}
	var id string
	err = inTx(ctx, s.db, func(tx *txn) error {
		var err error
		id, err = s.insertPart(ctx, tx, sc.id, req.GetPartName(), false)
		return err
	})
	if err != nil {
		return nil, storageError("create part", err)
	}
	s.robotsChanged()
	return &apppb.NewRobotPartResponse{PartId: id}, nil
}

// DeleteRobotPart deletes a part that is not its machine's main part: a
// machine always keeps exactly one main part.
func (s *service) DeleteRobotPart(ctx context.Context, req *apppb.DeleteRobotPartRequest) (*apppb.DeleteRobotPartResponse, error) {
	row, sc, err := s.requirePart(ctx, "part_id", req.GetPartId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if row.part.MainPart {
		return nil, preconditionf("part_id: part %q is the main part of machine %q; mark another part as main first, or delete the machine", row.part.Id, sc.id)
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM parts WHERE id = ? AND main = 0`, row.part.Id)
	if err != nil {
		return nil, storageError("delete part", err)
	}
	if n, _ := res.RowsAffected(); n == 0 { // made main, or deleted, since it was read
		return nil, preconditionf("part_id: part %q changed while it was being deleted (it is now the main part, or gone); read it again", row.part.Id)
	}
	s.robotsChanged()
	return &apppb.DeleteRobotPartResponse{}, nil
}

// MarkPartAsMain makes a part its machine's main part, clearing the flag on
// the others in the same transaction.
func (s *service) MarkPartAsMain(ctx context.Context, req *apppb.MarkPartAsMainRequest) (*apppb.MarkPartAsMainResponse, error) {
	row, sc, err := s.requirePart(ctx, "part_id", req.GetPartId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE parts SET main = 0 WHERE robot_id = ? AND main = 1`, sc.id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE parts SET main = 1 WHERE id = ?`, row.part.Id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 { // deleted since it was read: keep the old main part
			return notFound("part", row.part.Id)
		}
		return nil
	})
	if err != nil {
		return nil, storageError("mark part as main", err)
	}
	return &apppb.MarkPartAsMainResponse{}, nil
}

// MarkPartForRestart sets the flag viam-server would see at its next
// check-in; repeating it is a no-op.
func (s *service) MarkPartForRestart(ctx context.Context, req *apppb.MarkPartForRestartRequest) (*apppb.MarkPartForRestartResponse, error) {
	row, _, err := s.requirePart(ctx, "part_id", req.GetPartId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE parts SET restart_pending = 1 WHERE id = ?`, row.part.Id); err != nil {
		return nil, storageError("mark part for restart", err)
	}
	return &apppb.MarkPartForRestartResponse{}, nil
}

func (s *service) CreateRobotPartSecret(ctx context.Context, req *apppb.CreateRobotPartSecretRequest) (*apppb.CreateRobotPartSecretResponse, error) {
	row, sc, err := s.requirePart(ctx, "part_id", req.GetPartId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		return s.addSecret(ctx, tx, "part_secrets", "part_id", "part", row.part.Id)
	})
	if err != nil {
		return nil, storageError("create part secret", err)
	}
	if err := s.redactPart(ctx, s.db, row.part, sc); err != nil {
		return nil, err
	}
	return &apppb.CreateRobotPartSecretResponse{Part: row.part}, nil
}

func (s *service) DeleteRobotPartSecret(ctx context.Context, req *apppb.DeleteRobotPartSecretRequest) (*apppb.DeleteRobotPartSecretResponse, error) {
	row, _, err := s.requirePart(ctx, "part_id", req.GetPartId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := checkUUID("secret_id", "secret", req.GetSecretId()); err != nil {
		return nil, err
	}
	if err := deleteSecret(ctx, s.db, "part_secrets", "part_id", "part", row.part.Id, req.GetSecretId()); err != nil {
		return nil, err
	}
	return &apppb.DeleteRobotPartSecretResponse{}, nil
}

// GetRobotPartHistory returns the part's edits, newest first: each with the
// part as it was before the edit, when, and by whom.
func (s *service) GetRobotPartHistory(ctx context.Context, req *apppb.GetRobotPartHistoryRequest) (*apppb.GetRobotPartHistoryResponse, error) {
	row, _, err := s.requirePart(ctx, "id", req.GetId(), permReadRobotHistory)
	if err != nil {
		return nil, err
	}
	limit, before, err := historyPage("history", req.GetPageLimit(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	start, end := int64(-1<<63), int64(1<<63-1)
	if req.Start != nil {
		start = req.GetStart().AsTime().UnixNano()
	}
	if req.End != nil {
		end = req.GetEnd().AsTime().UnixNano()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, robot_id, edited_on, old, editor_type, editor FROM part_history
WHERE part_id = ? AND id < ? AND edited_on >= ? AND edited_on <= ? ORDER BY id DESC LIMIT ?`,
		row.part.Id, before, start, end, limit+1)
	if err != nil {
		return nil, storageError("get part history", err)
	}
	defer rows.Close()
	resp := &apppb.GetRobotPartHistoryResponse{}
	var lastID int64
	for rows.Next() {
		if int64(len(resp.History)) == limit {
			resp.NextPageToken = pageToken{id: lastID}.encode("history")
			break
		}
		var (
			e          apppb.RobotPartHistoryEntry
			edited     int64
			old        []byte
			editorType int32
		)
		e.EditedBy = &apppb.AuthenticatorInfo{}
		if err := rows.Scan(&lastID, &e.Robot, &edited, &old, &editorType, &e.EditedBy.Value); err != nil {
			return nil, storageError("get part history", err)
		}
		e.Part = row.part.Id
		e.When = timestamppb.New(nanos(edited))
		e.EditedBy.Type = apppb.AuthenticationType(editorType)
		e.Old = &apppb.RobotPart{}
		if err := proto.Unmarshal(old, e.Old); err != nil {
			return nil, storageError("get part history", err)
		}
		resp.History = append(resp.History, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("get part history", err)
	}
	return resp, nil
}
