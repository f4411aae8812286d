package localfleet

import (
	"context"
	"database/sql"
	"encoding/json"

	apppb "go.viam.com/api/app/v1"
)

// Mobile push notifications: the devices of each calling identity, per app,
// and the Firebase config an organization sends them with.

// checkRequired refuses empty fields; pairs are field name, value.
func checkRequired(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return invalidArgf("%s: must not be empty", pairs[i])
		}
	}
	return nil
}

// UploadDevicePushToken records a device's token for the calling identity
// (any authenticated caller, for itself); uploading again for the same
// device replaces its token.
func (s *service) UploadDevicePushToken(ctx context.Context, req *apppb.UploadDevicePushTokenRequest) (*apppb.UploadDevicePushTokenResponse, error) {
	if err := checkRequired("app_id", req.GetAppId(), "device_token", req.GetDeviceToken(), "device_uuid", req.GetDeviceUuid()); err != nil {
		return nil, err
	}
	_, err := s.db.ExecContext(ctx, `
INSERT INTO device_push_tokens (key_id, app_id, device_uuid, device_token) VALUES (?, ?, ?, ?)
ON CONFLICT (key_id, app_id, device_uuid) DO UPDATE SET device_token = excluded.device_token`,
		callerOf(ctx).keyID, req.GetAppId(), req.GetDeviceUuid(), req.GetDeviceToken())
	if err != nil {
		return nil, storageError("store device push token", err)
	}
	return &apppb.UploadDevicePushTokenResponse{}, nil
}

func (s *service) DeleteDevicePushToken(ctx context.Context, req *apppb.DeleteDevicePushTokenRequest) (*apppb.DeleteDevicePushTokenResponse, error) {
	if err := checkRequired("app_id", req.GetAppId(), "device_uuid", req.GetDeviceUuid()); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM device_push_tokens WHERE key_id = ? AND app_id = ? AND device_uuid = ?`,
		callerOf(ctx).keyID, req.GetAppId(), req.GetDeviceUuid())
	if err != nil {
		return nil, storageError("delete device push token", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound("push token of app "+req.GetAppId()+" for device", req.GetDeviceUuid())
	}
	return &apppb.DeleteDevicePushTokenResponse{}, nil
}

// GetDevicePushTokens lists the caller's tokens for the app in the order
// the devices first uploaded one.
func (s *service) GetDevicePushTokens(ctx context.Context, req *apppb.GetDevicePushTokensRequest) (*apppb.GetDevicePushTokensResponse, error) {
	if err := checkRequired("app_id", req.GetAppId()); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT device_token FROM device_push_tokens WHERE key_id = ? AND app_id = ? ORDER BY rowid`,
		callerOf(ctx).keyID, req.GetAppId())
	if err != nil {
		return nil, storageError("list device push tokens", err)
	}
	defer rows.Close()
	resp := &apppb.GetDevicePushTokensResponse{}
	for rows.Next() {
		var token string
		if err := rows.Scan(&token); err != nil {
			return nil, storageError("list device push tokens", err)
		}
		resp.DeviceTokens = append(resp.DeviceTokens, token)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list device push tokens", err)
	}
	return resp, nil
}

// SetFirebaseConfig stores the organization's Firebase config (a service
// account JSON object), replacing any earlier one: an organization has one,
// which is why GetFirebaseConfig takes no app id. The JSON is a credential
// and never returned. Needs write_organization.
func (s *service) SetFirebaseConfig(ctx context.Context, req *apppb.SetFirebaseConfigRequest) (*apppb.SetFirebaseConfigResponse, error) {
	if err := s.orgRequest(ctx, req.GetOrgId(), permWriteOrganization); err != nil {
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
	if err := s.orgRequest(ctx, req.GetOrgId(), permReadOrganization); err != nil {
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
	if err := s.orgRequest(ctx, req.GetOrgId(), permWriteOrganization); err != nil {
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
