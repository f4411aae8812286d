package localfleet

import (
	"context"

	apppb "go.viam.com/api/app/v1"
)

// Mobile push notifications: the devices of each calling identity, per
// app. (The Firebase config they are sent with is in rpc_firebase.go.)

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
