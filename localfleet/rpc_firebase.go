package localfleet

import (
	"context"
	"database/sql"
	"encoding/json"

	apppb "go.viam.com/api/app/v1"
)

// The Firebase config an organization sends push notifications with.

// SetFirebaseConfig stores the organization's Firebase config (a service
// account JSON object), replacing any earlier one: an organization has one,
// which is why GetFirebaseConfig takes no app id. The JSON is a credential
// and never returned. Needs write_organization.
func (s *service) SetFirebaseConfig(ctx context.Context, req *apppb.SetFirebaseConfigRequest) (*apppb.SetFirebaseConfigResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	if err := checkRequired("app_id", req.GetAppId()); err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.GetConfigJson()), &obj); err != nil || obj == nil {
		return nil, invalidArgf("config_json: want a JSON object (the Firebase service account file), got %d bytes that are not one", len(req.GetConfigJson()))
	}
	_, err := s.db.ExecContext(ctx, `
INSERT INTO firebase_configs (org_id, app_id, config_json) VALUES (?, ?, ?)
ON CONFLICT (org_id) DO UPDATE SET app_id = excluded.app_id, config_json = excluded.config_json`,
		req.GetOrgId(), req.GetAppId(), req.GetConfigJson())
	if isForeignKeyViolation(err) {
		return nil, notFound("organization", req.GetOrgId())
	}
	if err != nil {
		return nil, storageError("set Firebase config", err)
	}
	return &apppb.SetFirebaseConfigResponse{}, nil
}

// GetFirebaseConfig returns only the app id of the organization's config
// (read_organization), NotFound when none is set.
func (s *service) GetFirebaseConfig(ctx context.Context, req *apppb.GetFirebaseConfigRequest) (*apppb.GetFirebaseConfigResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permReadOrganization); err != nil {
		return nil, err
	}
	var appID string
	err := s.db.QueryRowContext(ctx, `SELECT app_id FROM firebase_configs WHERE org_id = ?`, req.GetOrgId()).Scan(&appID)
	if err == sql.ErrNoRows {
		return nil, notFound("Firebase config of organization", req.GetOrgId())
	}
	if err != nil {
		return nil, storageError("get Firebase config", err)
	}
	return &apppb.GetFirebaseConfigResponse{AppId: appID}, nil
}

// DeleteFirebaseConfig deletes the organization's config if it is for the
// app given (write_organization), NotFound otherwise.
func (s *service) DeleteFirebaseConfig(ctx context.Context, req *apppb.DeleteFirebaseConfigRequest) (*apppb.DeleteFirebaseConfigResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	if err := checkRequired("app_id", req.GetAppId()); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM firebase_configs WHERE org_id = ? AND app_id = ?`, req.GetOrgId(), req.GetAppId())
	if err != nil {
		return nil, storageError("delete Firebase config", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound("Firebase config of organization "+req.GetOrgId()+" for app", req.GetAppId())
	}
	return &apppb.DeleteFirebaseConfigResponse{}, nil
}
