output "proxy_endpoint" {
  description = "The gateway pool's load balancer: point *.{gateway_domain} at it."
  value       = module.tollgate.proxy_endpoint
}

output "admin_api_endpoint" {
  description = "The Kong-compatible Admin API."
  value       = module.tollgate.admin_api_endpoint
}

output "portal_endpoint" {
  description = "The console and developer portals."
  value       = module.tollgate.portal_endpoint
}

output "operator_token" {
  description = "The operator's Admin API token (Kong-Admin-Token)."
  value       = "tgb_${random_password.operator.result}"
  sensitive   = true
}

output "kubeconfig_command" {
  description = "Points kubectl at the new cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}
