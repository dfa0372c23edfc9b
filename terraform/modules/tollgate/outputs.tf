output "proxy_endpoint" {
  description = "Address of the gateway pool's load balancer: point *.{gateway_domain} at it (a CNAME for a host name)."
  value = try(
    data.kubernetes_service.gateway.status[0].load_balancer[0].ingress[0].hostname,
    data.kubernetes_service.gateway.status[0].load_balancer[0].ingress[0].ip,
    null,
  )
}

output "proxy_url_pattern" {
  description = "How a tenant's APIs are called."
  value       = "https://{tenant}.${var.gateway_domain}"
}

output "admin_api_endpoint" {
  description = "The Kong-compatible Admin API: on the Ingress when admin_host is set, else inside the cluster."
  value       = var.admin_host != "" ? "https://${var.admin_host}" : "http://${var.release_name}-admin.${local.namespace}.svc:8001"
}

output "portal_endpoint" {
  description = "The console (sign-up) and the developer portals."
  value       = "https://${var.portal_host}"
}

output "namespace" {
  description = "Namespace the platform runs in."
  value       = local.namespace
}
