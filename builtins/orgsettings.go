package builtins

import (
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/runtime/protoval"
)

// Organization settings: the white-label billing service, support email,
// logo, the auth service with its OAuth apps, and the Firebase config.
// None of these but create_oauth_app_user and the Firebase methods is in
// the Python SDK, so they take the snake_case RPC names and the requests'
// field names (API.md Decision 3); org_id comes last and defaults to the
// fleet's organization (Decision 2), also where Python puts it first.

const (
	billingAddressDoc = "The address the organization bills from: a dict {\"address_line_1\", \"address_line_2\" (optional), \"city\", \"state\", \"zipcode\", \"country\"}."
	oauthConfigDoc    = "The app's OAuth settings: a dict {\"client_authentication\", \"pkce\", \"url_validation\", \"origin_uris\", \"redirect_uris\", \"logout_uri\", \"enabled_grants\", \"invite_redirect_uri\"}; enums by name, short or full (\"required\" or \"PKCE_REQUIRED\"), enabled_grants a list such as [\"authorization_code\", \"refresh_token\"]."
	clientIDDoc       = "Client ID of the OAuth app (as create_oauth_app returned it)."
	ownerOnly         = "PERMISSION_DENIED unless the caller owns the organization; NOT_FOUND for an unknown organization."
	authServiceErrors = "FAILED_PRECONDITION while the organization's auth service is disabled (enable_auth_service first); " + ownerOnly
)

var orgSettingsMethods = []spec{
	{
		name: "enable_billing_service", rpc: "EnableBillingService", mutates: true,
		params:  []param{{name: "billing_address", field: "billing_address", doc: billingAddressDoc}, orgParam("org_id")},
		summary: "Enable the organization's white-label billing service, which bills the organization's own customers.",
		errors:  "ALREADY_EXISTS when it is enabled already; INVALID_ARGUMENT for an address missing a line; " + ownerOnly,
	},
	{
		name: "disable_billing_service", rpc: "DisableBillingService", mutates: true,
		params:  []param{orgParam("org_id")},
		summary: "Disable the organization's billing service.",
		errors:  "FAILED_PRECONDITION when it is not enabled; " + ownerOnly,
	},
	{
		name: "update_billing_service", rpc: "UpdateBillingService", mutates: true,
		params:  []param{{name: "billing_address", field: "billing_address", doc: billingAddressDoc}, orgParam("org_id")},
		summary: "Replace the billing address of the organization's billing service.",
		errors:  "FAILED_PRECONDITION when the billing service is not enabled; INVALID_ARGUMENT for an address missing a line; " + ownerOnly,
	},
	{
		name: "get_billing_service_config", rpc: "GetBillingServiceConfig",
		params:     []param{orgParam("org_id")},
		run:        wholeResponse,
		resultType: "GetBillingServiceConfigResponse",
		summary:    "Get the organization's billing service configuration, with its support email and logo.",
		returns: "the config: billing_address (None while the billing service is disabled), support_email, logo_url " +
			"and billing_dashboard_url (\"\" while disabled). Only owners see billing.",
		errors: ownerOnly,
	},
	{
		name: "organization_set_support_email", rpc: "OrganizationSetSupportEmail", mutates: true,
		params:  []param{{name: "email", field: "email", id: true, doc: "The address the organization's users write to for support."}, orgParam("org_id")},
		summary: "Set the organization's support email.",
		errors:  "INVALID_ARGUMENT for something that is not an email address; " + ownerOnly,
	},
	{
		name: "organization_get_support_email", rpc: "OrganizationGetSupportEmail",
		params:  []param{orgParam("org_id")},
		result:  []string{"email"},
		summary: "Get the organization's support email.",
		returns: "the email, \"\" when none was set.",
		errors:  "PERMISSION_DENIED unless the caller can read the organization.",
	},
	{
		name: "organization_set_logo", rpc: "OrganizationSetLogo", mutates: true,
		params: []param{
			{name: "logo", field: "logo", doc: "The image itself (PNG, JPEG, GIF or WebP), at most 200 KB."},
			orgParam("org_id"),
		},
		summary: "Set the organization's logo.",
		errors:  "INVALID_ARGUMENT for no bytes, bytes that are not an image, or more than 200 KB; " + ownerOnly,
	},
	{
		name: "organization_get_logo", rpc: "OrganizationGetLogo",
		params:  []param{orgParam("org_id")},
		result:  []string{"url"},
		summary: "Get the URL of the organization's logo.",
		returns: "the URL, \"\" when no logo was set. The local fleet returns a data: URL holding the image (the cloud a hosted one).",
		errors:  "PERMISSION_DENIED unless the caller can read the organization.",
	},
	{
		name: "enable_auth_service", rpc: "EnableAuthService", mutates: true,
		params:  []param{orgParam("org_id")},
		summary: "Enable the organization's auth service, which its OAuth apps need.",
		errors:  "ALREADY_EXISTS when it is enabled already; " + ownerOnly,
	},
	{
		name: "disable_auth_service", rpc: "DisableAuthService", mutates: true,
		params:  []param{orgParam("org_id")},
		summary: "Disable the organization's auth service. Its OAuth apps are deleted with it.",
		errors:  "FAILED_PRECONDITION when it is not enabled; " + ownerOnly,
	},
	{
		name: "create_oauth_app", rpc: "CreateOAuthApp", mutates: true,
		params: []param{
			{name: "client_name", field: "client_name", id: true, doc: "Name of the app, unique in the organization."},
			{name: "oauth_config", field: "oauth_config", doc: oauthConfigDoc},
			orgParam("org_id"),
		},
		result:  []string{"client_id", "client_secret"},
		summary: "Create an OAuth app in the organization.",
		returns: "a tuple (client_id, client_secret): the secret is shown only now (read_oauth_app never returns it).",
		errors:  "ALREADY_EXISTS for a name in use; INVALID_ARGUMENT for a config with an unset enum, no grant or a relative URI; " + authServiceErrors,
	},
	{
		name: "read_oauth_app", rpc: "ReadOAuthApp",
		params:     []param{idParam("client_id", "client_id", clientIDDoc), orgParam("org_id")},
		run:        wholeResponse,
		resultType: "ReadOAuthAppResponse",
		summary:    "Get an OAuth app's name and config.",
		returns:    "client_name, client_secret and oauth_config; client_secret is always \"\", since only a hash of it is kept.",
		errors:     "NOT_FOUND for an unknown client id; " + authServiceErrors,
	},
	{
		name: "update_oauth_app", rpc: "UpdateOAuthApp", mutates: true,
		params: []param{
			idParam("client_id", "client_id", clientIDDoc),
			{name: "client_name", field: "client_name", id: true, doc: "The app's new name."},
			{name: "oauth_config", field: "oauth_config", doc: "The whole new config (it replaces the old one). " + oauthConfigDoc},
			orgParam("org_id"),
		},
		summary: "Replace an OAuth app's name and config; its client id and secret stay.",
		errors:  "NOT_FOUND for an unknown client id; ALREADY_EXISTS for a name in use; " + authServiceErrors,
	},
	{
		name: "delete_oauth_app", rpc: "DeleteOAuthApp", mutates: true,
		params:  []param{idParam("client_id", "client_id", clientIDDoc), orgParam("org_id")},
		summary: "Delete an OAuth app and its users' registrations.",
		errors:  "NOT_FOUND for an unknown client id; " + authServiceErrors,
	},
	{
		name: "list_oauth_apps", rpc: "ListOAuthApps",
		params:  []param{orgParam("org_id")},
		result:  []string{"client_ids"},
		summary: "List the client ids of the organization's OAuth apps.",
		returns: "the client ids, oldest app first.",
		errors:  authServiceErrors,
	},
	{
		name: "create_oauth_app_user", rpc: "CreateOAuthAppUser", mutates: true,
		params: []param{
			idParam("application_id", "application_id", clientIDDoc),
			{name: "email", field: "email", id: true, doc: "Email address of the new user."},
			{name: "first_name", field: "first_name", id: true, doc: "The user's first name."},
			{name: "last_name", field: "last_name", id: true, doc: "The user's last name."},
			{name: "password", field: "password", id: true, doc: "The user's password, at least 8 characters."},
			orgParam("org_id"),
		},
		secrets:    []string{"password"},
		run:        wholeResponse,
		resultType: "CreateOAuthAppUserResponse",
		summary: "Register a person as a user of an OAuth app, as the Python SDK's create_oauth_app_user does " +
			"(whose org_id comes first; here it is last and defaults).",
		returns: "auth_token, registration_id, user_id and refresh_token (None with --dry-run). The local fleet has no OAuth " +
			"login, so there its tokens are opaque and its password is never stored.",
		errors: "ALREADY_EXISTS when the email is a user of the app already; NOT_FOUND for an unknown app; " + authServiceErrors,
	},
	{
		name: "set_firebase_config", rpc: "SetFirebaseConfig", mutates: true,
		params: []param{
			{name: "app_id", field: "app_id", id: true, doc: "ID of the Firebase app the organization sends push notifications with."},
			{name: "config_json", field: "config_json", id: true, doc: "The Firebase service account JSON, as a string."},
			orgParam("org_id"),
		},
		secrets: []string{"config_json"},
		summary: "Set the organization's Firebase config, replacing any earlier one (an organization has one). " +
			"Unlike the Python SDK's, org_id comes last and defaults.",
		errors: "INVALID_ARGUMENT when config_json is not a JSON object; " + ownerOnly,
	},
	{
		name: "get_firebase_config", rpc: "GetFirebaseConfig",
		params:  []param{orgParam("org_id")},
		result:  []string{"app_id"},
		summary: "Get the app id of the organization's Firebase config; the JSON itself is never returned.",
		returns: "the Firebase app id.",
		errors:  "NOT_FOUND when the organization has no Firebase config.",
	},
	{
		name: "delete_firebase_config", rpc: "DeleteFirebaseConfig", mutates: true,
		params:  []param{{name: "app_id", field: "app_id", id: true, doc: "ID of the Firebase app the config is for."}, orgParam("org_id")},
		summary: "Delete the organization's Firebase config. Unlike the Python SDK's, org_id comes last and defaults.",
		errors:  "NOT_FOUND when the organization has no config for that app; " + ownerOnly,
	},
}

// wholeResponse returns the response message itself, for RPCs whose SDK
// counterparts return the raw response.
func wholeResponse(c *call, req protoreflect.Message) (starlark.Value, error) {
	resp, err := c.unary(req)
	if err != nil {
		return nil, err
	}
	return protoval.NewMessage(resp.Interface()), nil
}
