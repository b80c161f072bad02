import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeForgeries, usableJwt } from './forgeries.js';

const EXPECTED = 'a token whose payload was changed under the old signature, or whose signature was removed, is rejected';

export default defineCheck({
  meta: {
    id: 'jwt.signature-verified',
    suite: 'jwt',
    title: 'JWT signatures are verified',
    failureTitle: 'The target accepts JWTs with a wrong or missing signature',
    severity: 'critical',
    remediation: {
      summary:
        "Verify every JWT signature with the expected key before using any claim, and reject tokens with a missing, empty or wrong signature. Use a maintained library's verify function (not decode).",
      stacks: {
        'express-session': 'For JWT APIs in Node: jwt.verify() (jsonwebtoken) or jwtVerify() (jose), never jwt.decode().',
        spring: 'Use a JwtDecoder (NimbusJwtDecoder) from spring-security-oauth2-resource-server.',
        'aspnet-core': 'AddJwtBearer with TokenValidationParameters.ValidateIssuerSigningKey = true and RequireSignedTokens = true.',
      },
    },
    refs: ['WSTG-SESS-10', 'ASVS v4.0.3-3.5.3', 'ASVS v5.0.0-9.1.1'],
    requires: ['jwt'],
    procedure: 'Add a claim to the payload and keep the header and signature; separately strip the signature; replay both.',
  },
  evaluate({ artifacts }) {
    const a = usableJwt(artifacts.jwt);
    if ('verdict' in a) return a;
    const forgeries = a.forgeries.filter((f) => f.judgedBy === 'jwt.signature-verified');
    return (
      judgeForgeries(a, forgeries, EXPECTED) ??
      outcome.pass(EXPECTED, `${forgeries.map((f) => f.attack).join(' and ')}: both rejected (the ${a.carrier} as issued was accepted)`, {
        exchanges: forgeries.map((f) => f.observation),
        controls: [a.control],
      })
    );
  },
});
