package builtins

// Viam apps (the web apps modules declare, found by the organization's
// public namespace and the app's name) and the mobile push tokens of the
// calling identity. The push token methods have the Python SDK's names and
// parameters; get_app_content and get_app_branding, missing from it, the
// requests' field names.

const (
	namespaceDoc = "Public namespace of the organization whose module declares the app."
	appNameDoc   = "Name of the app, as its module declares it."
	pushAppDoc   = "ID of the mobile app the device receives notifications for."
	appErrors    = "NOT_FOUND for an unknown namespace or app; PERMISSION_DENIED for an app of a private module " +
		"the caller cannot read."
)

var appMethods = []spec{
	{
		name: "get_app_content", rpc: "GetAppContent",
		params: []param{
			{name: "public_namespace", field: "public_namespace", id: true, doc: namespaceDoc},
			{name: "name", field: "name", id: true, doc: appNameDoc},
		},
		run:        wholeResponse,
		resultType: "GetAppContentResponse",
		summary:    "Get where a Viam app's files are and how to serve them.",
		returns: "blob_path (the local fleet names the module's newest uploaded version, \"<namespace>/<module>/<version>\"), " +
			"entrypoint, app_type (\"APP_TYPE_SINGLE_MACHINE\" or \"APP_TYPE_MULTI_MACHINE\") and public (the module's visibility).",
		errors: "FAILED_PRECONDITION while the module has no uploaded version; " + appErrors,
	},
	{
		name: "get_app_branding", rpc: "GetAppBranding",
		params: []param{
			{name: "public_namespace", field: "public_namespace", id: true, doc: namespaceDoc},
			{name: "name", field: "name", id: true, doc: appNameDoc},
		},
		run:        wholeResponse,
		resultType: "GetAppBrandingResponse",
		summary:    "Get a Viam app's branding, as its module declares it.",
		returns: "logo_path (None when not set), text_customizations (the local fleet puts the machine picker's texts under " +
			"\"machine_picker\", keys \"heading\" and \"subheading\"), fragment_ids and allowed_org_ids.",
		errors: appErrors,
	},
	{
		name: "upload_device_push_token", rpc: "UploadDevicePushToken", mutates: true,
		params: []param{
			{name: "app_id", field: "app_id", id: true, doc: pushAppDoc},
			{name: "device_token", field: "device_token", id: true, doc: "The device's push token."},
			{name: "device_uuid", field: "device_uuid", id: true, doc: "ID of the device."},
		},
		secrets: []string{"device_token"},
		summary: "Record a device's push token for the caller; a device's new token replaces its old one.",
		errors:  "INVALID_ARGUMENT for an empty argument.",
	},
	{
		name: "delete_device_push_token", rpc: "DeleteDevicePushToken", mutates: true,
		params: []param{
			{name: "app_id", field: "app_id", id: true, doc: pushAppDoc},
			{name: "device_uuid", field: "device_uuid", id: true, doc: "ID of the device."},
		},
		summary: "Delete the caller's push token of a device.",
		errors:  "NOT_FOUND when the caller has no token for the device.",
	},
	{
		name: "get_device_push_tokens", rpc: "GetDevicePushTokens",
		params:  []param{{name: "app_id", field: "app_id", id: true, doc: pushAppDoc}},
		result:  []string{"device_tokens"},
		summary: "List the caller's device push tokens for an app.",
		returns: "the tokens, in the order the devices first uploaded one.",
		errors:  "INVALID_ARGUMENT for an empty app_id.",
	},
}
