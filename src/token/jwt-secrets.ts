/**
 * The built-in dictionary for the offline weak-HMAC-key test: secrets copied from tutorials, framework
 * scaffolds, README examples and jwt.io's debugger default. Small on purpose — a hit means the key is
 * public knowledge, not that a large wordlist got lucky. No traffic: each word is one HMAC.
 */
export const WEAK_JWT_SECRETS: readonly string[] = [
  '', 'secret', 'Secret', 'SECRET', 'secret123', 'secretkey', 'secret-key', 'secret_key', 'SECRET_KEY', 'mysecret', 'my-secret',
  'my_secret', 'mysecretkey', 'my-secret-key', 'supersecret', 'super-secret', 'topsecret', 's3cr3t', 'shhhhh', 'shhhhhhared-secret',
  'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'your_jwt_secret', 'your-jwt-secret', 'yoursecret', 'your-secret',
  'your-secret-key', 'jwt', 'JWT', 'jwt_secret', 'jwt-secret', 'jwtsecret', 'JWT_SECRET', 'jwtkey', 'jwt-key', 'jwt_key', 'jwtSecret',
  'token', 'tokensecret', 'token-secret', 'auth', 'authsecret', 'auth-secret', 'access', 'accesstoken', 'refresh', 'api', 'apikey',
  'key', 'private', 'privatekey', 'signingkey', 'signing-key', 'hmac', 'hs256', 'HS256', 'default', 'changeme', 'change-me', 'change_me',
  'changeit', 'replaceme', 'replace-me', 'CHANGE_ME', 'notsecret', 'not-so-secret', 'insecure', 'keyboard cat', 'keyboardcat',
  'password', 'Password', 'password1', 'password123', 'passw0rd', 'P@ssw0rd', 'admin', 'administrator', 'root', 'toor', 'test', 'testing',
  'test123', 'dev', 'development', 'prod', 'production', 'staging', 'example', 'sample', 'demo', 'hello', 'helloworld', 'hello-world',
  'welcome', 'letmein', 'qwerty', 'abc123', 'iloveyou', 'monkey', 'dragon', 'master', 'login', 'pass', 'hunter2', '123', '1234',
  '12345', '123456', '1234567', '12345678', '123456789', '1234567890', '0000', 'null', 'undefined', 'node', 'express', 'nest', 'nestjs',
  'django', 'flask', 'rails', 'laravel', 'spring', 'symfony', 'gin', 'app', 'application', 'myapp', 'my-app', 'server', 'backend',
];
