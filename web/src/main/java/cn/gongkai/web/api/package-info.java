/**
 * The REST API under /api/v1, described by /api/v1/openapi.yaml. URL rules in the security configuration admit
 * roles; the object-level rule (a county reads only its own unit) is checked here with UnitAccess on every call.
 */
package cn.gongkai.web.api;
