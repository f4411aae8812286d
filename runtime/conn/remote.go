package conn

import (
	"crypto/tls"

	"google.golang.org/grpc"
	grpccreds "google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// openRemote dials an AppService endpoint with the first credentials found.
// Nothing goes on the wire until the first call, which logs in.
func openRemote(cfg Config) (*Conn, error) {
	if err := checkRemoteFlags(cfg); err != nil {
		return nil, err
	}
	creds, err := findCredentials(cfg)
	if err != nil {
		return nil, err
	}
	ep, err := remoteEndpoint(cfg.AppURL, creds)
	if err != nil {
		return nil, err
	}
	transport := insecure.NewCredentials()
	if !ep.plaintext {
		transport = grpccreds.NewTLS(&tls.Config{ServerName: ep.host, MinVersion: tls.VersionTLS12})
	}
	c := newClient(creds)
	cc, err := grpc.NewClient(ep.addr,
		grpc.WithTransportCredentials(transport),
		grpc.WithChainUnaryInterceptor(c.unary),
		grpc.WithChainStreamInterceptor(c.stream),
	)
	if err != nil {
		return nil, configErrorf("--app-url %s: %v", ep, err)
	}
	if creds.key != "" {
		c.tokens.login = apiKeyLogin(cc, creds.keyID, creds.key)
	}
	org, loc := cfg.OrgID, cfg.LocationID
	if org == "" {
		org = creds.org
	}
	if loc == "" {
		loc = creds.location
	}
	return &Conn{CC: cc, OrgID: org, LocationID: loc, Source: creds.source, closers: []func() error{cc.Close}}, nil
}

// checkRemoteFlags refuses local-fleet options without --local.
func checkRemoteFlags(cfg Config) error {
	if cfg.LocalData != "" {
		return configErrorf("--local-data needs --local")
	}
	return nil
}

// remoteEndpoint picks the URL: --app-url, else the saved login's base_url,
// else app.viam.com. A saved login is only ever sent to the server it was
// made for.
func remoteEndpoint(appURL string, creds *credentials) (endpoint, error) {
	if creds.baseURL == "" {
		return parseAppURL(appURL)
	}
	saved, err := parseAppURL(creds.baseURL)
	if err != nil {
		return endpoint{}, configErrorf("%s: base_url: %v", creds.source, err)
	}
	if appURL == "" {
		return saved, nil
	}
	ep, err := parseAppURL(appURL)
	if err != nil {
		return endpoint{}, err
	}
	if ep != saved {
		return endpoint{}, configErrorf("the %s is for %s, not %s: run `viam login` against that server, or give an API key with --api-key-id/--api-key",
			creds.source, saved, ep)
	}
	return ep, nil
}

// newClient is the call policy for creds; an API key's login is wired once
// the connection exists, since logging in goes through it.
func newClient(creds *credentials) *client {
	return &client{tokens: &tokenSource{token: creds.accessToken}, backoff: defaultBackoff}
}
