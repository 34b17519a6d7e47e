trackUserRegistered({ anonymousId: "a" });
