print("oauthctl")
